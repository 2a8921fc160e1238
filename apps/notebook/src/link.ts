// Input values in the page's URL: written as text, read back as data and checked against the
// input's domain (the kernel's check, which `gradbook run --set` applies too). Nothing from a link
// is ever evaluated or inserted as HTML.
export { readLinkValue, writeLinkValue } from '@gradbook/kernel';
export type { DomainCheck as LinkValue } from '@gradbook/kernel';

/** Query parameters the app uses itself; an input with one of these names is not put in links. */
export const RESERVED = new Set(['nb', 'backend', 'test']);
