import { reactive, readonly } from 'vue'
import type { MyUser, ServerConfig } from '@peertube/peertube-types'
import { api } from '@/api/client'
import { getMe, getServerConfig, UserRole } from '@/api/endpoints'

interface SessionState {
  config: ServerConfig | null
  configError: unknown
  user: MyUser | null
  /** true once the first attempt to load the logged-in user has finished */
  userLoaded: boolean
  /** set when the session ended by itself (refresh token refused) */
  expired: boolean
}

const state = reactive<SessionState>({
  config: null,
  configError: null,
  user: null,
  userLoaded: false,
  expired: false
})

/** Read-only view of the session for components. */
export const session = readonly(state)

let configPromise: Promise<void> | null = null
export function loadConfig(force = false): Promise<void> {
  if (!configPromise || force) {
    configPromise = getServerConfig()
      .then((c) => {
        state.config = c
        state.configError = null
      })
      .catch((e) => {
        state.configError = e
        configPromise = null
      })
  }
  return configPromise
}

let mePromise: Promise<void> | null = null
/** Loads the logged-in user (if there is a session); safe to call many times. */
export function loadUser(force = false): Promise<void> {
  if (!api.isLoggedIn()) {
    state.user = null
    state.userLoaded = true
    return Promise.resolve()
  }
  if (!mePromise || force) {
    mePromise = getMe()
      .then((u) => {
        state.user = u
      })
      .catch(() => {
        // the session may have ended (handled by onAuthChange) or the server is down
        if (!api.isLoggedIn()) state.user = null
      })
      .finally(() => {
        state.userLoaded = true
        mePromise = null
      })
  }
  return mePromise
}

export async function login(username: string, password: string): Promise<void> {
  await api.login(username, password)
  state.expired = false
  await loadUser(true)
}

export async function logout(): Promise<void> {
  await api.logout()
  state.user = null
}

export function isLoggedIn(): boolean {
  return state.user !== null
}

export function hasRole(role: 'admin' | 'moderator'): boolean {
  const id = state.user?.role?.id
  if (id === undefined) return false
  return role === 'admin' ? id === UserRole.ADMINISTRATOR : id === UserRole.ADMINISTRATOR || id === UserRole.MODERATOR
}

/** Wires the API client's auth events to the session (call once at start-up). */
export function initSession(): void {
  api.onAuthChange((e) => {
    if (e === 'expired') {
      state.user = null
      state.expired = true
    } else if (e === 'logout') {
      state.user = null
    }
  })
  if (typeof window !== 'undefined') {
    window.addEventListener('storage', (ev) => {
      if (ev.key === null || ev.key === 'vidiverse.tokens') {
        api.reloadTokensFromStorage()
        void loadUser(true)
      }
    })
  }
  api.startAutoRefresh()
}

/** For tests: back to a fresh state. */
export function resetSessionForTests(): void {
  state.config = null
  state.configError = null
  state.user = null
  state.userLoaded = false
  state.expired = false
  configPromise = null
  mePromise = null
}
