'use client';

import { createContext, useCallback, useContext, useEffect, useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { Dialog } from './dialog';
import { SuccessNote } from './ui';

// The WAI-ARIA menu button pattern: a button (aria-haspopup="menu", aria-expanded) opening a menu of actions.
// Enter, Space or Down opens it on its first item, Up on its last; in the menu Up/Down move (wrapping), Home/End
// jump, a letter moves to the next item starting with it, Enter/Space choose, Escape closes it back onto the button,
// Tab closes it and moves on. Items are children (MenuItem, MenuDialogItem), so each feature adds its own.

type MenuContextValue = {
  close: (focusButton: boolean) => void;
  /** Shows a confirmation beside the button (role="status") and moves focus to it. */
  announce: (message: string) => void;
};
const MenuContext = createContext<MenuContextValue | null>(null);

function useMenu(): MenuContextValue {
  const menu = useContext(MenuContext);
  if (!menu) throw new Error('A menu item must be inside a MenuButton.');
  return menu;
}

export function MenuButton({ label, children }: { label: string; children: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const focusOnOpen = useRef<'first' | 'last' | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const id = useId();
  const noteId = `${id}-note`;

  const items = () => [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];

  const close = useCallback((focusButton: boolean) => {
    setOpen(false);
    if (focusButton) buttonRef.current?.focus();
  }, []);
  const announce = useCallback((text: string) => setMessage(text), []);

  // Focus goes to a new confirmation once it is in the page: this effect runs after the dialog's own (a child's), so
  // after the dialog closed and gave focus back.
  useEffect(() => {
    if (!message) return;
    const focusNote = () => document.getElementById(noteId)?.focus();
    focusNote();
    const frame = requestAnimationFrame(focusNote);
    return () => cancelAnimationFrame(frame);
  }, [message, noteId]);

  function openMenu(focus: 'first' | 'last') {
    focusOnOpen.current = focus;
    setMessage(null);
    setOpen(true);
  }

  useEffect(() => {
    if (!open) return;
    const list = items();
    if (focusOnOpen.current) (focusOnOpen.current === 'first' ? list[0] : list.at(-1))?.focus();
    focusOnOpen.current = null;
    // A click or touch outside closes it.
    const outside = (event: PointerEvent) => {
      if (!containerRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  function onButtonKeyDown(event: React.KeyboardEvent) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      openMenu(event.key === 'ArrowDown' ? 'first' : 'last');
    }
  }

  function onMenuKeyDown(event: React.KeyboardEvent) {
    // Keys pressed in an item's dialog bubble here through React's tree (the portal): they are the dialog's.
    if (!menuRef.current?.contains(event.target as Node)) return;
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLElement);
    const move = (index: number) => list[(index + list.length) % list.length]?.focus();
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(list.length - 1);
    else if (event.key === 'Escape') close(true);
    else if (event.key === 'Tab') {
      setOpen(false);
      return;
    } else if (event.key.length === 1 && /\S/.test(event.key) && !event.ctrlKey && !event.metaKey && !event.altKey) {
      const letter = event.key.toLowerCase();
      const order = [...list.slice(at + 1), ...list.slice(0, at + 1)];
      order.find((item) => item.textContent?.trim().toLowerCase().startsWith(letter))?.focus();
    } else return;
    event.preventDefault();
    event.stopPropagation();
  }

  return (
    <MenuContext.Provider value={{ close, announce }}>
      <div ref={containerRef} className="relative">
        <button
          ref={buttonRef}
          type="button"
          id={`${id}-button`}
          aria-haspopup="menu"
          aria-expanded={open}
          aria-controls={`${id}-menu`}
          onClick={() => (open ? setOpen(false) : openMenu('first'))}
          onKeyDown={onButtonKeyDown}
          className="inline-flex items-center gap-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
        >
          {label}
          <span aria-hidden="true">▾</span>
        </button>
        <div
          ref={menuRef}
          id={`${id}-menu`}
          role="menu"
          aria-labelledby={`${id}-button`}
          hidden={!open}
          onKeyDown={onMenuKeyDown}
          className="absolute right-0 z-20 mt-1 min-w-48 max-w-[calc(100vw-2rem)] rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
        >
          {children}
        </div>
      </div>
      <SuccessNote id={noteId} message={message} />
    </MenuContext.Provider>
  );
}

/** One action of a MenuButton: choosing it closes the menu and runs `onSelect`. */
export function MenuItem({ onSelect, children }: { onSelect: () => void; children: React.ReactNode }) {
  const menu = useMenu();
  return (
    <button
      type="button"
      role="menuitem"
      tabIndex={-1}
      onClick={() => {
        menu.close(false);
        onSelect();
      }}
      className="block w-full px-3 py-2 text-left text-slate-800 hover:bg-slate-100 focus:bg-indigo-50 focus:outline-2 focus:-outline-offset-2 focus:outline-indigo-600"
    >
      {children}
    </button>
  );
}

/**
 * A menu item that opens a dialog (its label ends in "…"): a confirmation, or a form with choices. `children` gets
 * `close()` (Cancel: focus back on the menu button) and `done(message)` (closes and shows the confirmation beside the
 * menu button, focused). The dialog lives outside the menu (a portal), so the menu holds only menu items.
 */
export function MenuDialogItem({
  label,
  title,
  children,
}: {
  label: string;
  title: string;
  children: (controls: { close: () => void; done: (message: string) => void }) => React.ReactNode;
}) {
  const menu = useMenu();
  const [open, setOpen] = useState(false);
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const close = () => {
    setOpen(false);
    menu.close(true);
  };
  const done = (message: string) => {
    setOpen(false);
    menu.announce(message);
  };
  return (
    <>
      <MenuItem onSelect={() => setOpen(true)}>{label}</MenuItem>
      {mounted
        ? createPortal(
            <Dialog open={open} onClose={close} title={title}>
              {children({ close, done })}
            </Dialog>,
            document.body,
          )
        : null}
    </>
  );
}
