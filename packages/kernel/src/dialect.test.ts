import { describe, expect, it } from 'vitest';
import { compile, formatOf } from './compile.js';

const qmd = `---
title: A Quarto page
execute:
  echo: false
---
# Q

::: {.callout-note}
Cells **run** here.
:::

\`\`\`{ojs}
//| echo: true
x = 5
y = x * x
\`\`\`

\`\`\`js
shown = "not run"
\`\`\`

::: {.panel-sidebar}
\`\`\`{ojs}
viewof n = Inputs.range([0, 10], {value: 3})
\`\`\`
:::

\`\`\`{python}
print("shown")
\`\`\`
`;

describe('.qmd documents', () => {
  const nb = compile(qmd, { format: formatOf('page.qmd') });

  it('runs only {ojs} blocks; js and other languages are shown', () => {
    expect(nb.format).toBe('qmd');
    expect(nb.dialect).toBe('quarto');
    expect(nb.cells.map((c) => c.name)).toEqual(['x', 'y', 'n']);
    const prose = nb.blocks.filter((b) => b.type === 'prose').map((b) => b.markdown);
    expect(prose.some((p) => p.includes('shown = "not run"'))).toBe(true);
    expect(prose.some((p) => p.includes('print("shown")'))).toBe(true);
  });

  it('drops ::: div fences and keeps their content', () => {
    const prose = nb.blocks.filter((b) => b.type === 'prose').map((b) => b.markdown);
    expect(prose.join('\n')).not.toContain(':::');
    expect(prose[0]).toBe('# Q\n\nCells **run** here.');
  });

  it('takes execute: defaults from the front matter, //| options over them, panels from panel divs', () => {
    expect(nb.cells[0].options.echo).toBe(true);
    expect(nb.cells[2].options).toEqual({ echo: false, panel: 'sidebar' });
  });

  it('in .md, js blocks run too', () => {
    const md = compile(qmd);
    expect(md.format).toBe('md');
    expect(md.cells.map((c) => c.name)).toEqual(['x', 'y', 'shown', 'n']);
    expect(formatOf('a/b.md')).toBe('md');
    expect(formatOf('a/B.QMD')).toBe('qmd');
  });
});

describe('Observable Framework pages', () => {
  const page = '# Framework\n\n```js\nconst data = [1, 2, 3];\n```\n\n```js\ndisplay(data.length);\n```\n\n```js\nconst n = view(Inputs.range([0, 1]));\n```\n\nPlain text.\n';

  it('are recognised: one notebook-level message, code shown, no cell errors', () => {
    const nb = compile(page);
    expect(nb.dialect).toBe('framework');
    expect(nb.cells).toEqual([]);
    expect(nb.problem).toMatch(/^this page is written in Observable Framework's dialect \(top-level const\/let declarations, display\(\), view\(\) in 3 js blocks\)/);
    expect(nb.blocks.every((b) => b.type === 'prose')).toBe(true);
    expect(nb.blocks.map((b) => b.markdown)).toContain('```js\nconst data = [1, 2, 3];\n```');
  });

  it('one mistaken const in a notebook stays that cell\'s error, with a hint', () => {
    const nb = compile('```js\na = 1\n```\n\n```js\nb = a + 1\n```\n\n```js\nconst c = 3\n```\n');
    expect(nb.dialect).toBe('observable');
    expect(nb.problem).toBeNull();
    expect(nb.cells[2].error).toMatch(/write c = … without const/);
  });
});
