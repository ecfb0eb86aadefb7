// Asks before a command: a modal <dialog> (keyboard and screen-reader friendly), resolving true on Confirm.
const dialog = document.getElementById('confirm-dialog');
const text = document.getElementById('confirm-text');

export function confirm(message) {
  text.textContent = message;
  dialog.returnValue = '';
  dialog.showModal();
  document.getElementById('confirm-yes').focus();
  return new Promise(resolve => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true }));
}
