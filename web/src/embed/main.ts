// Entry of the embed page (embed.html, served for /videos/embed/{id}): no router,
// no header, no session bootstrap; only the player and what it needs.
import { createApp } from 'vue'
import EmbedApp from './EmbedApp.vue'

createApp(EmbedApp).mount('#embed')
