import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from '../lib/router.js';

/**
 * The header's Menu button, shown on narrow screens only. The navigation and controls that
 * follow it in the header are hidden there while it is closed (CSS: `[aria-expanded=false] ~`)
 * and unfold below the bar when it opens; on wide screens they always sit in the bar. The menu
 * closes when the page changes, when a link in it is followed, and on Escape (focus then goes
 * back to the button).
 */
export function MenuToggle({ controls }: { controls: string }) {
  const { pathname } = useLocation();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => setOpen(false), [pathname]);
  // A layout effect: listening from the moment the menu shows, not a frame later.
  useLayoutEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onClick = (e: MouseEvent) => {
      if ((e.target as Element | null)?.closest(`#${controls} a`)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('click', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('click', onClick);
    };
  }, [open, controls]);
  return (
    <button
      ref={button}
      type="button"
      class="menu-toggle secondary"
      aria-expanded={open}
      aria-controls={controls}
      onClick={() => setOpen((o) => !o)}
    >
      <svg aria-hidden="true" width="18" height="18" viewBox="0 0 18 18">
        <path d="M2 4h14M2 9h14M2 14h14" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
      </svg>
      <span class="menu-word">Menu</span>
    </button>
  );
}
