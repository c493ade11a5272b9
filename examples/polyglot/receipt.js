// The showcase's receipt (JavaScript, componentize-js): one line per item,
// amounts in euros, and the total.
const euros = (cents) => `${(Number(cents) / 100).toFixed(2)} EUR`;

export const receipt = {
  render(lines, total) {
    const width = Math.max(...lines.map((l) => l.name.length), 5);
    let out = "";
    for (const l of lines) {
      out += `${l.name.padEnd(width)} x${String(l.qty).padStart(3)}  ${euros(l.total).padStart(10)}\n`;
    }
    out += `${"total".padEnd(width)}       ${euros(total).padStart(10)}\n`;
    return out;
  },
};
