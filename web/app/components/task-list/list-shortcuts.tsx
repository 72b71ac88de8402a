import { useEffect } from 'react';

const shortcuts = [
  ['n', 'Quick add a task'],
  ['/', 'Search'],
  ['j / k', 'Next / previous task'],
  ['c', 'Complete (or reopen) the focused task'],
  ['Enter', 'Open the focused task'],
  ['?', 'Show these shortcuts'],
] as const;

/** n, /, j, k, c, Enter and ? on the list; ignored while typing in a field. */
export function useListShortcuts(setHelp: (update: (open: boolean) => boolean) => void) {
  useEffect(() => {
    const rows = () => [...document.querySelectorAll<HTMLElement>('[data-task-row]')];
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      if (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable) {
        if (event.key === 'Escape') target.blur();
        return;
      }
      const all = rows();
      const current = target.closest<HTMLElement>('[data-task-row]');
      const index = current ? all.indexOf(current) : -1;
      const focusRow = (i: number) => all[Math.max(0, Math.min(all.length - 1, i))]?.focus();
      switch (event.key) {
        case 'n':
          document.getElementById('quick-add-title')?.focus();
          break;
        case '/':
          document.getElementById('search')?.focus();
          break;
        case 'j':
          focusRow(index + 1);
          break;
        case 'k':
          focusRow(index < 0 ? 0 : index - 1);
          break;
        case 'c':
          current
            ?.querySelector<HTMLButtonElement>('[data-intent=complete] button, [data-intent=reopen] button')
            ?.click();
          break;
        case 'Enter':
          if (current === target) current.querySelector<HTMLAnchorElement>('a')?.click();
          else return;
          break;
        case '?':
          setHelp((open) => !open);
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setHelp]);
}

/** The list of shortcuts, shown with ? or the button. */
export function ShortcutHelp() {
  return (
    <section aria-label="Keyboard shortcuts" className="card">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        {shortcuts.map(([key, what]) => (
          <div key={key} className="contents">
            <dt>
              <kbd className="rounded border bg-slate-50 px-1.5 font-mono">{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
