import { describe, expect, it } from 'vitest';
import { cellOptions, checkOptions, optionLines, readFenceInfo } from './cell-options.js';

describe('readFenceInfo', () => {
  it('reads the language, braces and options of an info string', () => {
    expect(readFenceInfo('js')).toEqual({ language: 'js', braced: false, options: {} });
    expect(readFenceInfo('{ojs}')).toEqual({ language: 'ojs', braced: true, options: {} });
    expect(readFenceInfo('js echo=false cache')).toEqual({ language: 'js', braced: false, options: { echo: false, cache: true } });
    expect(readFenceInfo('{ojs echo=fold, #fig-loss}')).toEqual({ language: 'ojs', braced: true, options: { echo: 'fold', label: 'fig-loss' } });
    expect(readFenceInfo('JS nocache panel="input"').options).toEqual({ cache: false, panel: 'input' });
    expect(readFenceInfo('js echo').options).toEqual({ echo: true });
  });
});

describe('optionLines', () => {
  it('takes the //| and #| lines at the top, and nothing after the first code line', () => {
    const code = '//| echo: false\n#| panel: input\nx = 1\n//| output: false\n';
    const lines = optionLines(code);
    expect(lines.yaml).toBe('echo: false\npanel: input');
    expect(code.slice(lines.length)).toBe('x = 1\n//| output: false\n');
    expect(optionLines('x = 1')).toEqual({ yaml: '', length: 0 });
  });
});

describe('cellOptions', () => {
  it("gives options Quarto's names and types; lines win over the info string", () => {
    expect(cellOptions({ echo: true, cache: true }, 'echo: fold\ninclude: false\nlabel: fig-a\nfig-cap: Loss')).toEqual({
      options: { echo: 'fold', cache: true, include: false, label: 'fig-a', extra: { 'fig-cap': 'Loss' } },
    });
    expect(checkOptions({ 'code-fold': true }).options).toEqual({ echo: 'fold' });
    expect(checkOptions({ echo: false, 'code-fold': true }).options).toEqual({ echo: false });
    expect(checkOptions({ run: false }).options).toEqual({ eval: false });
    expect(checkOptions({ echo: 'fenced', output: 'all' }).options).toEqual({ echo: true, output: true });
  });

  it('names the option, what it takes and what it got', () => {
    expect(checkOptions({ echo: 'maybe' }).error).toBe(`cell option echo must be true, false, 'fold' or 'fenced', received "maybe"`);
    expect(checkOptions({ panel: 'left' }).error).toBe(`cell option panel must be 'input', 'sidebar', 'center' or 'fill', received "left"`);
    expect(checkOptions({ include: 0 }).error).toBe('cell option include must be true or false, received 0');
    expect(cellOptions({}, 'echo: [false').error).toMatch(/^cell options \(\/\/\| lines\) are not valid YAML/);
    expect(cellOptions({}, 'just text').error).toBe('cell options (//| lines) must be key: value lines, received "just text"');
  });
});
