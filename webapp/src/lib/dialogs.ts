// Modal dialogs are native <dialog> elements opened with showModal(): the rest of the page becomes inert, Esc closes,
// and focus returns to the opener. We add a Tab/Shift+Tab cycle inside the open dialog (a strict focus trap) and
// focus the first field marked [autofocus] or the first focusable control.
const FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]),select:not([disabled]),textarea:not([disabled]),[tabindex]:not([tabindex="-1"]),.cm-content';

const focusables = (d: HTMLElement) =>
  [...d.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement);

export const openDialog = (el: unknown) => {
  if (!(el instanceof HTMLDialogElement)) return;
  if (!el.open) el.showModal();
  window.setTimeout(() => (el.querySelector<HTMLElement>('[autofocus]') ?? focusables(el)[0])?.focus(), 0);
};

export const closeDialog = (el: unknown) => {
  if (el instanceof HTMLDialogElement && el.open) el.close();
};

export const installFocusTrap = () => {
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Tab') return;
    const open = [...document.querySelectorAll<HTMLDialogElement>('dialog[open]')].pop();
    if (!open) return;
    const items = focusables(open);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && (document.activeElement === first || !open.contains(document.activeElement))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (document.activeElement === last || !open.contains(document.activeElement))) {
      e.preventDefault();
      first.focus();
    }
  });
};

/** Copies text to the clipboard; falls back to a hidden textarea when the async API is unavailable (http). */
export const copyText = async (text: string): Promise<boolean> => {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.className = 'offscreen';
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  }
};
