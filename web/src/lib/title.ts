import { t } from '@/i18n'
import { session } from '@/session'

/** Sets the document title: "page - instance". */
export function setPageTitle(title?: string): void {
  const instance = session.config?.instance.name || t.app.name
  document.title = title ? `${title} - ${instance}` : instance
}
