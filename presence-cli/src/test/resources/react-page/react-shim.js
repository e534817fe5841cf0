// 'react' as an ES module, over the UMD build the page loaded (window.React).
const React = window.React;
export default React;
export const { createContext, useContext, useEffect, useMemo, useRef, useState, useCallback, createElement } = React;
