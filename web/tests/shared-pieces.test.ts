/** The shared pieces of the list pages and forms: composables and small components. */
import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent, h, nextTick, ref } from 'vue'
import CardGrid from '@/components/CardGrid.vue'
import DataTable from '@/components/DataTable.vue'
import FormField from '@/components/FormField.vue'
import SearchToolbar from '@/components/SearchToolbar.vue'
import { useBusyAction } from '@/lib/busyAction'
import { usePagedList, type PagedListOptions } from '@/lib/pagedList'
import { useDebouncedSearch, useRouteQuery } from '@/lib/routeQuery'

/** Runs a composable inside a mounted component and hands back what it returned. */
function withSetup<R>(use: () => R, plugins: unknown[] = []) {
  let result!: R
  const w = mount(
    defineComponent({
      setup() {
        result = use()
        return () => h('div')
      }
    }),
    { global: { plugins: plugins as never[] } }
  )
  return { result, w }
}

const page = <T>(data: T[], total: number) => ({ data, total })

describe('usePagedList', () => {
  it('reads the first page at once and again when the start or a filter changes', async () => {
    const filter = ref('a')
    const fetch = vi.fn(async (start: number, count: number) => page([`${filter.value}${start}/${count}`], 42))
    const { result } = withSetup(() => usePagedList<string>({ count: 10, fetch, watch: [filter] }))
    expect(result.items.value).toBeNull()
    await flushPromises()
    expect(result.items.value).toEqual(['a0/10'])
    expect(result.total.value).toBe(42)
    result.start.value = 10
    await flushPromises()
    expect(result.items.value).toEqual(['a10/10'])
    filter.value = 'b'
    await flushPromises()
    expect(result.items.value).toEqual(['b10/10'])
    expect(fetch).toHaveBeenCalledTimes(3)
  })

  it('keeps only the newest answer, and the error of the newest read', async () => {
    const answers: Array<(v: unknown) => void> = []
    const fails: Array<(e: unknown) => void> = []
    const fetch: PagedListOptions<number>['fetch'] = () =>
      new Promise((resolve, reject) => {
        answers.push(resolve as (v: unknown) => void)
        fails.push(reject)
      })
    const { result } = withSetup(() => usePagedList<number>({ count: 5, fetch }))
    result.start.value = 5
    await nextTick()
    answers[1]!(page([2], 2))
    await flushPromises()
    answers[0]!(page([1], 1))
    fails[0]!(new Error('old'))
    await flushPromises()
    expect(result.items.value).toEqual([2])
    expect(result.error.value).toBeNull()
    void result.load()
    fails[2]!(new Error('boom'))
    await flushPromises()
    expect((result.error.value as Error).message).toBe('boom')
    expect(result.items.value).toEqual([2])
  })

  it('leaves the list alone when there is nothing to read yet', async () => {
    const { result } = withSetup(() => usePagedList<number>({ count: 5, fetch: async () => undefined }))
    await flushPromises()
    expect(result.items.value).toBeNull()
    expect(result.error.value).toBeNull()
  })

  it('goes back a page after removing the last item of a page, else reads this page again', async () => {
    let data = [1]
    const fetch = vi.fn(async () => page(data, 21))
    const start = ref(20)
    const { result } = withSetup(() => usePagedList<number>({ count: 10, fetch, start }))
    await flushPromises()
    await result.reloadAfterRemoval()
    expect(start.value).toBe(10)
    await flushPromises()
    data = [1, 2]
    await result.load()
    const calls = fetch.mock.calls.length
    await result.reloadAfterRemoval()
    expect(start.value).toBe(10)
    expect(fetch.mock.calls.length).toBe(calls + 1)
  })
})

describe('useBusyAction', () => {
  it('marks what is busy, clears the old error and message, keeps a new error', async () => {
    const error = ref<unknown>('old error')
    const message = ref<string | null>('old message')
    const { busy, run } = useBusyAction<number>(error, message)
    let seenBusy: number | null = null
    await run(7, async () => {
      seenBusy = busy.value
      expect(error.value).toBeNull()
      expect(message.value).toBeNull()
      message.value = 'done'
    })
    expect(seenBusy).toBe(7)
    expect(busy.value).toBeNull()
    expect(message.value).toBe('done')
    await run(8, async () => {
      throw new Error('nope')
    })
    expect(busy.value).toBeNull()
    expect((error.value as Error).message).toBe('nope')
  })
})

describe('useRouteQuery', () => {
  it('reads the start from the URL and replaces query keys, dropping empty ones', async () => {
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/list', component: { render: () => null } }] })
    await router.push('/list?start=30&search=cat&sort=name')
    const { result } = withSetup(() => useRouteQuery(), [router])
    expect(result.start.value).toBe(30)
    expect(result.queryString('search')).toBe('cat')
    expect(result.queryString('missing')).toBeUndefined()
    result.setQuery({ search: '', sort: 'date' })
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ start: '30', sort: 'date' })
    result.setStart(0)
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ sort: 'date' })
    expect(result.start.value).toBe(0)
    result.setStart(15)
    await flushPromises()
    expect(router.currentRoute.value.query.start).toBe('15')
  })
})

describe('useDebouncedSearch', () => {
  it('applies the trimmed text once typing pauses, and nothing after unmounting', async () => {
    vi.useFakeTimers()
    try {
      const apply = vi.fn()
      const { result: search, w } = withSetup(() => useDebouncedSearch('start', apply, 300))
      expect(search.value).toBe('start')
      search.value = ' ca'
      await nextTick()
      vi.advanceTimersByTime(200)
      search.value = ' cat '
      await nextTick()
      vi.advanceTimersByTime(299)
      expect(apply).not.toHaveBeenCalled()
      vi.advanceTimersByTime(1)
      expect(apply).toHaveBeenCalledExactlyOnceWith('cat')
      search.value = 'dog'
      await nextTick()
      w.unmount()
      vi.advanceTimersByTime(1000)
      expect(apply).toHaveBeenCalledTimes(1)
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('FormField', () => {
  const mountField = (props: Record<string, unknown>) =>
    mount(FormField, {
      props: { id: 'f-name', label: 'Name', ...props },
      slots: { default: `<template #default="a11y"><input id="f-name" :aria-describedby="a11y.describedBy" :aria-invalid="a11y.invalid" /></template>` }
    })

  it('labels the control and links the hint', () => {
    const w = mountField({ hint: 'Your name', optional: true })
    expect(w.find('label').attributes('for')).toBe('f-name')
    expect(w.find('label').text()).toBe('Name (optional)')
    expect(w.find('#f-name-help').text()).toBe('Your name')
    expect(w.find('input').attributes('aria-describedby')).toBe('f-name-help')
    expect(w.find('input').attributes('aria-invalid')).toBeUndefined()
    expect(w.find('.field-error').exists()).toBe(false)
  })

  it('shows the error, links it and marks the control invalid', () => {
    const w = mountField({ hint: 'Your name', error: 'Too short' })
    expect(w.find('#f-name-error').text()).toBe('Too short')
    expect(w.find('#f-name-error').classes()).toContain('field-error')
    expect(w.find('input').attributes('aria-describedby')).toBe('f-name-help f-name-error')
    expect(w.find('input').attributes('aria-invalid')).toBe('true')
    expect(w.find('label').text()).toBe('Name')
  })

  it('has nothing to describe without hint or error', () => {
    const w = mountField({ error: null })
    expect(w.find('input').attributes('aria-describedby')).toBeUndefined()
    expect(w.find('p').exists()).toBe(false)
  })
})

describe('SearchToolbar', () => {
  it('is a search landmark with a labelled search box and room for other filters', async () => {
    const w = mount(SearchToolbar, {
      props: { id: 'x-search', label: 'Search things', placeholder: 'Name…', modelValue: 'a', 'onUpdate:modelValue': (v: string) => w.setProps({ modelValue: v }) },
      slots: { default: '<select id="x-sort"></select>' }
    })
    expect(w.find('[role="search"]').attributes('aria-label')).toBe('Search things')
    expect(w.find('label[for="x-search"]').text()).toBe('Search things')
    const input = w.find('input#x-search')
    expect(input.attributes('type')).toBe('search')
    expect(input.attributes('placeholder')).toBe('Name…')
    expect((input.element as HTMLInputElement).value).toBe('a')
    await input.setValue('cats')
    expect(w.props('modelValue')).toBe('cats')
    expect(w.find('#x-sort').exists()).toBe(true)
  })
})

describe('DataTable', () => {
  it('gives the column headings once and the rows from the slot', () => {
    const w = mount(DataTable, { props: { columns: ['Name', 'Date'] }, slots: { default: '<tr><td data-label="Name">a</td><td data-label="Date">b</td></tr>' } })
    expect(w.find('.table-wrap table.data').exists()).toBe(true)
    expect(w.findAll('thead th').map((th) => [th.text(), th.attributes('scope')])).toEqual([
      ['Name', 'col'],
      ['Date', 'col']
    ])
    expect(w.findAll('tbody td').map((td) => td.text())).toEqual(['a', 'b'])
  })
})

describe('CardGrid', () => {
  const item = (id: number) => ({ id, name: `Item ${id}` })

  it('shows cards and loads more without repeating items', async () => {
    let more!: () => void
    const load = vi.fn((start: number) =>
      start === 0 ? Promise.resolve(page([item(1), item(2)], 4)) : new Promise<ReturnType<typeof page<ReturnType<typeof item>>>>((r) => (more = () => r(page([item(2), item(3)], 4))))
    )
    const w = mount(CardGrid, {
      props: { load, count: 2, loadingMore: 'Loading more…' },
      slots: { default: `<template #default="{ item }"><span class="card">{{ item.name }}</span></template>` }
    })
    expect(w.find('[role="status"]').text()).toBe('Loading…')
    await flushPromises()
    expect(w.findAll('.card').map((c) => c.text())).toEqual(['Item 1', 'Item 2'])
    expect(w.emitted('loaded')).toEqual([[4]])
    await w.find('.load-more button').trigger('click')
    expect(w.find('[role="status"]').text()).toBe('Loading more…')
    more()
    await flushPromises()
    expect(load).toHaveBeenLastCalledWith(2, 2)
    expect(w.findAll('.card').map((c) => c.text())).toEqual(['Item 1', 'Item 2', 'Item 3'])
    expect(w.find('.load-more').exists()).toBe(true)
  })

  it('shows the empty slot once loaded, and starts again when the reload key changes', async () => {
    const load = vi.fn(async () => page<{ id: number }>([], 0))
    const w = mount(CardGrid, { props: { load, count: 5, reloadKey: 'a' }, slots: { empty: '<p class="none">Nothing</p>' } })
    expect(w.find('.none').exists()).toBe(false)
    await flushPromises()
    expect(w.find('.none').exists()).toBe(true)
    await w.setProps({ reloadKey: 'b' })
    await flushPromises()
    expect(load).toHaveBeenCalledTimes(2)
    expect(load).toHaveBeenLastCalledWith(0, 5)
  })
})
