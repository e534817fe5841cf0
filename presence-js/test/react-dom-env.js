// A DOM for react-dom in Node (happy-dom), and React's act() switched on. Imported before React renders.
import { Window } from 'happy-dom';

const window = new Window({ url: 'http://localhost/' });
globalThis.window = window;
globalThis.document = window.document;
// Node 20 has no navigator (react-dom reads its userAgent when it loads); newer Nodes have their own
if (typeof globalThis.navigator === 'undefined') globalThis.navigator = window.navigator;
globalThis.IS_REACT_ACT_ENVIRONMENT = true;

/** Closes the DOM's own timers and connections so the test process can end. */
export async function closeDom() {
  await window.happyDOM.close();
}
