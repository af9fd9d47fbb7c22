// Each part prints its figure on one line, e.g. `links: 10000 mutated, 0 accepted, 0 5xx`.
export function printFigure(part: string, figures: string) {
  process.stdout.write(`${part}: ${figures}\n`);
}
