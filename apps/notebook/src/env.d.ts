/// <reference types="vite/client" />

declare module '@observablehq/inputs' {
  export const button: (...args: any[]) => HTMLElement;
  export const checkbox: (...args: any[]) => HTMLElement;
  export const toggle: (...args: any[]) => HTMLElement;
  export const radio: (...args: any[]) => HTMLElement;
  export const range: (...args: any[]) => HTMLElement;
  export const number: (...args: any[]) => HTMLElement;
  export const search: (...args: any[]) => HTMLElement;
  export const select: (...args: any[]) => HTMLElement;
  export const table: (...args: any[]) => HTMLElement;
  export const text: (...args: any[]) => HTMLElement;
  export const textarea: (...args: any[]) => HTMLElement;
}
