import { describe, expect, it } from 'vitest';
import { describeNotebook } from './describe-notebook.js';

describe('describeNotebook', () => {
  it('takes the title and description from the front matter', () => {
    const text = '---\ntitle: "Gradient descent"\ndescription: Watch the step size.\n---\n# Other\n\nFirst paragraph.\n';
    expect(describeNotebook(text, 'gd')).toEqual({ title: 'Gradient descent', description: 'Watch the step size.' });
  });

  it('falls back to the first heading and the first paragraph as plain text, skipping cells', () => {
    const text = '# Saliency *maps*\n\n```js\nx = 1\n```\n\nA [gallery](https://example.org) of `saliency`\nmaps on **MNIST**.\n\nSecond.\n';
    expect(describeNotebook(text, 'x')).toEqual({ title: 'Saliency maps', description: 'A gallery of saliency maps on MNIST.' });
  });

  it('falls back to the file name, with no description, and survives bad front matter', () => {
    expect(describeNotebook('```js\nx = 1\n```\n', 'my notes')).toEqual({ title: 'my notes', description: '' });
    expect(describeNotebook('---\ntitle: [unclosed\n---\nText.\n', 'bad')).toEqual({ title: 'bad', description: 'Text.' });
  });

  it('clips a long first paragraph at a word', () => {
    const { description } = describeNotebook(`${'word '.repeat(200)}\n`, 'long');
    expect(description.length).toBeLessThanOrEqual(301);
    expect(description.endsWith('word…')).toBe(true);
  });
});
