// The bar's save controls on an editable page: whether the page has unsaved changes, a Save
// button, what the last save did, and the choice a refused save offers (reload or overwrite).
// Leaving the page with unsaved changes asks first.
import { el } from './dom.js';

/** What the author chose when a save was refused because the file changed on disk. */
export type ConflictChoice = 'reload' | 'overwrite' | 'cancel';

/** The save button, the unsaved-changes mark and the conflict dialog. */
export class SaveControls {
  readonly root: HTMLElement = el('div', 'gb-save');
  readonly #state: HTMLElement = el('span', 'gb-save-state');
  readonly #button: HTMLButtonElement = el('button', undefined, 'Save');
  #dirty = false;

  constructor(readOnly: boolean, save: () => void, isDirty: () => boolean) {
    this.#state.dataset.testid = 'save-state';
    this.#button.type = 'button';
    this.#button.dataset.testid = 'save';
    this.#button.title = 'save to the notebook file (Ctrl-S)';
    this.#button.addEventListener('click', save);
    if (readOnly) {
      this.#state.textContent = 'read-only';
      this.root.append(this.#state);
      return;
    }
    this.root.append(this.#state, this.#button);
    this.setDirty(false);
    window.addEventListener('beforeunload', (event) => {
      if (!isDirty()) return;
      event.preventDefault();
      event.returnValue = '';
    });
  }

  /** Marks the page as having unsaved changes (or not). */
  setDirty(dirty: boolean): void {
    this.#dirty = dirty;
    document.body.dataset.dirty = String(dirty);
    this.#state.textContent = dirty ? '● unsaved changes' : 'saved';
    this.#state.classList.toggle('gb-unsaved', dirty);
    this.#button.disabled = !dirty;
  }

  /** Says what a save did or why it failed. */
  say(text: string, bad = false): void {
    this.#state.textContent = text;
    this.#state.classList.toggle('gb-unsaved', bad || this.#dirty);
  }

  /**
   * Asks what to do about a refused save.
   *
   * @param message - why the save was refused.
   * @returns the choice: reload the file from disk (dropping the page's edits), overwrite it, or neither.
   */
  conflict(message: string): Promise<ConflictChoice> {
    document.querySelector('[data-testid=save-conflict]')?.remove();
    const box = el('div', 'gb-conflict');
    box.dataset.testid = 'save-conflict';
    box.setAttribute('role', 'alertdialog');
    box.append(el('p', undefined, message));
    const actions = el('div', 'gb-conflict-actions');
    box.append(actions);
    return new Promise((resolve) => {
      const choice = (label: string, value: ConflictChoice, testId: string): void => {
        const b = el('button', undefined, label);
        b.type = 'button';
        b.dataset.testid = testId;
        b.addEventListener('click', () => {
          box.remove();
          resolve(value);
        });
        actions.append(b);
      };
      choice('Reload from disk (drop my changes)', 'reload', 'conflict-reload');
      choice('Overwrite the file with my version', 'overwrite', 'conflict-overwrite');
      choice('Cancel', 'cancel', 'conflict-cancel');
      document.getElementById('notices')?.prepend(box);
    });
  }
}
