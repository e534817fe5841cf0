// 'react' as an ES module, over the UMD build the page loaded (window.React).
const React = window.React;
export default React;
export const { createElement, createContext, useContext, useEffect, useMemo, useRef, useState, useCallback, StrictMode, Fragment } = React;
