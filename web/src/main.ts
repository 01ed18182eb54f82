import { createApp } from 'vue'
import App from './App.vue'
import { createAppRouter } from './router'
import { initSession, loadConfig, loadUser } from './session'
import './styles.css'

initSession()
void loadConfig()
void loadUser()

createApp(App).use(createAppRouter()).mount('#app')
