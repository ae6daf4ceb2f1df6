// A client-only app: the server serves the built files; all data comes from the API.
export const ssr = false;
export const prerender = false;
