import { createRouter, createWebHistory, type RouteRecordRaw, type Router, type RouterHistory } from 'vue-router'
import { t } from '@/i18n'
import { setPageTitle } from '@/lib/title'
import { hasRole, loadConfig, loadUser, session } from '@/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** page title (the instance name is appended) */
    title?: string
    /** needs a logged-in user */
    auth?: boolean
    /** needs this role or a higher one */
    role?: 'admin' | 'moderator'
  }
}

const Home = () => import('@/pages/HomePage.vue')
const Watch = () => import('@/pages/WatchPage.vue')
const PlaylistEdit = () => import('@/pages/PlaylistEditPage.vue')

export const routes: RouteRecordRaw[] = [
  { path: '/', component: Home, meta: { title: t.home.title } },
  // PeerTube's browse addresses land on the home page (its tabs read the path)
  ...['/home', '/videos/browse', '/videos/trending', '/videos/recently-added', '/videos/local', '/videos/overview'].map(
    (path) => ({ path, component: Home, meta: { title: t.home.title } })
  ),
  // the videos of my subscriptions: a tab of the home page, for signed-in users
  { path: '/videos/subscriptions', component: Home, meta: { title: t.subscriptions.videosTitle, auth: true } },
  { path: '/w/:id', component: Watch, meta: { title: t.watch.title } },
  { path: '/videos/watch/:id', component: Watch, meta: { title: t.watch.title } },
  // a playlist played in order on the watch page (?playlistPosition=N)
  { path: '/w/p/:playlistId', alias: '/videos/watch/playlist/:playlistId', component: Watch, meta: { title: t.watch.title } },
  { path: '/videos/upload', component: () => import('@/pages/UploadPage.vue'), meta: { title: t.upload.title, auth: true } },
  { path: '/videos/update/:id', component: () => import('@/pages/VideoEditPage.vue'), meta: { title: t.videoForm.editTitle, auth: true } },
  { path: '/search', component: () => import('@/pages/SearchPage.vue'), meta: { title: t.search.title } },
  { path: '/login', component: () => import('@/pages/LoginPage.vue'), meta: { title: t.login.title } },
  { path: '/signup', component: () => import('@/pages/SignupPage.vue'), meta: { title: t.signup.title } },
  { path: '/about', component: () => import('@/pages/AboutPage.vue'), meta: { title: t.about.title } },
  { path: '/about/instance', redirect: '/about' },

  { path: '/my-account', redirect: '/my-account/settings' },
  { path: '/my-account/settings', component: () => import('@/pages/SettingsPage.vue'), meta: { title: t.settings.title, auth: true } },
  { path: '/my-library', redirect: '/my-library/video-channels' },
  { path: '/my-library/videos', component: () => import('@/pages/MyVideosPage.vue'), meta: { title: t.myVideos.title, auth: true } },
  { path: '/my-library/video-playlists', component: () => import('@/pages/MyPlaylistsPage.vue'), meta: { title: t.playlists.title, auth: true } },
  { path: '/my-library/video-playlists/create', component: PlaylistEdit, meta: { title: t.playlists.createTitle, auth: true } },
  { path: '/my-library/video-playlists/update/:id', component: PlaylistEdit, meta: { title: t.playlists.title, auth: true } },
  { path: '/my-library/history', redirect: '/my-library/history/videos' },
  { path: '/my-library/history/videos', component: () => import('@/pages/HistoryPage.vue'), meta: { title: t.history.title, auth: true } },
  { path: '/my-library/subscriptions', component: () => import('@/pages/MySubscriptionsPage.vue'), meta: { title: t.subscriptions.title, auth: true } },
  { path: '/my-library/video-channels', component: () => import('@/pages/MyChannelsPage.vue'), meta: { title: t.channels.title, auth: true } },
  {
    path: '/my-library/video-channels/create',
    alias: '/manage/create',
    component: () => import('@/pages/ChannelEditPage.vue'),
    meta: { title: t.channels.createTitle, auth: true }
  },
  {
    path: '/my-library/video-channels/update/:handle',
    alias: '/manage/update/:handle',
    component: () => import('@/pages/ChannelEditPage.vue'),
    meta: { title: t.channels.title, auth: true }
  },

  { path: '/a/:account', component: () => import('@/pages/AccountPage.vue'), meta: { title: t.account.title } },
  { path: '/a/:account/:section(video-channels|videos|video-playlists)', redirect: (to) => `/a/${String(to.params.account)}` },
  { path: '/accounts/:account', redirect: (to) => `/a/${String(to.params.account)}` },
  { path: '/c/:channel', component: () => import('@/pages/ChannelPage.vue'), meta: { title: t.channel.title } },
  { path: '/c/:channel/:section(videos|playlists)', redirect: (to) => `/c/${String(to.params.channel)}` },
  { path: '/video-channels/:channel', redirect: (to) => `/c/${String(to.params.channel)}` },

  { path: '/admin', redirect: '/admin/users' },
  { path: '/admin/users', alias: '/admin/users/list', component: () => import('@/pages/AdminUsersPage.vue'), meta: { title: t.adminUsers.title, role: 'moderator' } },
  { path: '/admin/users/create', component: () => import('@/pages/AdminUserEditPage.vue'), meta: { title: t.adminUserEdit.createTitle, role: 'moderator' } },
  { path: '/admin/users/update/:id(\\d+)', component: () => import('@/pages/AdminUserEditPage.vue'), meta: { title: t.adminUsers.title, role: 'moderator' } },
  {
    path: '/admin/jobs',
    alias: ['/admin/jobs/list', '/admin/system/jobs'],
    component: () => import('@/pages/AdminJobsPage.vue'),
    meta: { title: t.adminJobs.title, role: 'admin' }
  },
  {
    path: '/admin/video-blocks',
    alias: ['/admin/moderation/video-blocks', '/admin/moderation/video-blocks/list'],
    component: () => import('@/pages/AdminVideoBlocksPage.vue'),
    meta: { title: t.adminVideoBlocks.title, role: 'moderator' }
  },
  {
    path: '/admin/config',
    alias: ['/admin/config/edit-custom', '/admin/settings/config/edit-custom'],
    component: () => import('@/pages/AdminConfigPage.vue'),
    meta: { title: t.adminConfig.title, role: 'admin' }
  },

  { path: '/403', name: 'forbidden', component: () => import('@/pages/ForbiddenPage.vue'), meta: { title: t.forbidden.title } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/pages/NotFoundPage.vue'), meta: { title: t.notFound.title } }
]

export function createAppRouter(history: RouterHistory = createWebHistory('/')): Router {
  const router = createRouter({
    history,
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 }
  })

  router.beforeEach(async (to) => {
    if (!to.meta.auth && !to.meta.role) return true
    if (!session.userLoaded) await loadUser()
    if (!session.user) return { path: '/login', query: { redirect: to.fullPath } }
    if (to.meta.role && !hasRole(to.meta.role)) return { name: 'forbidden' }
    return true
  })

  let first = true
  router.afterEach((to, _from, failure) => {
    if (failure) return
    if (session.config) setPageTitle(to.meta.title)
    else void loadConfig().then(() => setPageTitle(to.meta.title))
    // move the reading position to the new page (not on the first load)
    if (!first) document.getElementById('main-content')?.focus({ preventScroll: true })
    first = false
  })

  return router
}
