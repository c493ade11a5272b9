// The root of bench/compose.sh: uses the store it imports.
import { get, put } from 'bench:compose/store';
export function run() {
  put('greeting', 'hello');
  return `${get('greeting')} from the composition`;
}
