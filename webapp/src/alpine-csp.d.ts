// @alpinejs/csp ships no types; it has the same API as alpinejs (typed by @types/alpinejs).
declare module '@alpinejs/csp' {
  import type { Alpine } from 'alpinejs';
  const alpine: Alpine;
  export default alpine;
}
