import { describe, expect, it } from 'vitest';
import { fileAttachmentsAt } from './file-attachments-at.js';

describe('fileAttachmentsAt', () => {
  const FileAttachment = fileAttachmentsAt('http://127.0.0.1:5173/notebooks/course/intro.md');

  it("resolves a name against the notebook's folder", async () => {
    const file = FileAttachment('data/penguins.csv');
    expect(file.name).toBe('data/penguins.csv');
    expect(await file.url()).toBe('http://127.0.0.1:5173/notebooks/course/data/penguins.csv');
  });

  it('refuses a URL of its own and a path out of the folder', () => {
    expect(() => FileAttachment('https://cdn.example.com/a.csv')).toThrow(/a URL; Gradbook fetches only files beside the notebook/);
    expect(() => FileAttachment('../../secret.csv')).toThrow(/outside the notebook's folder http:\/\/127.0.0.1:5173\/notebooks\/course\//);
  });
});
