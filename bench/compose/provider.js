// The store of bench/compose.sh: a map of strings.
const map = new Map();
export const store = {
  get(key) { return map.get(key); },
  put(key, value) { map.set(key, value); },
};
