// Vite's `?raw` imports: the exact bytes of a file (the real Jira bodies, as signed).
declare module '*?raw' {
  const text: string;
  export default text;
}
