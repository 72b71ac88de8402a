import { createContext, useContext } from 'react';

/**
 * This response's Content-Security-Policy nonce (issue 15), for the inline
 * scripts Remix renders. Only the server knows it: browsers hide a nonce once
 * the page has loaded, and hydration does not run those scripts again.
 */
export const NonceContext = createContext('');

export const useNonce = (): string => useContext(NonceContext);
