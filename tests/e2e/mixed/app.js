// The JavaScript side: quotes a line priced by the C component.
import { lineTotal } from 'demo:mix/pricing@0.1.0';

export const front = {
  quote(qty, cents) {
    return `${qty} x ${cents} = ${lineTotal(qty, cents)}`;
  },
};
