// The JavaScript front: quotes a line priced by whatever supplies pricing.
import { lineTotal } from 'demo:chain/pricing@0.1.0';

export const front = {
  quote(qty, cents) {
    return `${qty} x ${cents} = ${lineTotal(qty, cents)} (taxed)`;
  },
};
