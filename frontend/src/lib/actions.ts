// Svelte actions.
import { departmentStyle } from './color';

/**
 * Applies department colour variables through the CSSOM (element.style),
 * which a strict CSP (no 'unsafe-inline' styles) allows.
 */
export function deptColor(node: HTMLElement, name: string) {
  const apply = (n: string) => {
    for (const decl of departmentStyle(n).split(';')) {
      const i = decl.indexOf(':');
      node.style.setProperty(decl.slice(0, i), decl.slice(i + 1));
    }
  };
  apply(name);
  return { update: apply };
}
