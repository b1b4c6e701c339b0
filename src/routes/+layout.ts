// Every route is an app shell: prerendered empty, rendered in the browser. The prerendered `/`
// then serves as the offline fallback for any URL (see ../shared/STACK.md).
export const prerender = true;
export const ssr = false;
export const trailingSlash = 'never';
