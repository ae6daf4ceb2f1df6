/**
 * Items the export-ready demo adds to the task-type demo projects, as JSONL records of the import format
 * (docs/import-format.md; media by file name from examples/media): the preference examples have no
 * text-only prompt with three responses, which a k-way ranking and HH-RLHF need, and each project keeps
 * items in `todo` for a new user to annotate.
 */
export const extraRecords: Readonly<Record<'instruction' | 'preference', readonly Record<string, unknown>[]>> = {
  instruction: [
    {
      id: 'instr-bus',
      tags: ['vehicles'],
      media: [{ type: 'image', src: 'bus.png' }],
      conversation: [{ role: 'user', text: 'What vehicle is in the picture, and what is next to it?' }],
      prelabel: {
        model: 'vlm-demo-7b',
        prompt_version: 'describe-v1',
        style: 'question',
        turns: [{ role: 'assistant', text: 'A blue lorry is parked next to a lamp post at night.' }],
      },
    },
  ],
  preference: [
    {
      id: 'pref-recursion',
      tags: ['explaining'],
      prompt: { text: 'Explain recursion to a ten-year-old in two sentences.' },
      responses: [
        { model: 'model-a', text: 'Recursion is when something is defined using a smaller copy of itself, like a set of nesting dolls: to open them all, you open one and then do the same with the doll inside. You stop when you reach the smallest doll.' },
        { model: 'model-b', text: 'Recursion is a function invoking itself with a reduced argument until a base case terminates the call stack. It is equivalent to iteration in expressive power.' },
        { model: 'model-c', text: 'Recursion is when a computer program repeats forever. It is a kind of bug.' },
      ],
    },
    {
      id: 'pref-commit-message',
      tags: ['coding'],
      prompt: { text: 'Write a one-line git commit message for fixing a typo in the README.' },
      responses: [
        { model: 'model-a', text: 'Fix typo in README' },
        { model: 'model-b', text: 'fixed stuff' },
      ],
    },
    {
      id: 'pref-green-tea',
      tags: ['everyday'],
      prompt: { text: 'How long should I steep green tea?' },
      responses: [
        { model: 'model-a', text: 'Two to three minutes in water at about 75–80 °C; boiling water and long steeping make it bitter.' },
        { model: 'model-b', text: 'Ten minutes in boiling water, the longer the better.' },
        { model: 'model-c', text: 'About two minutes.' },
      ],
    },
  ],
};

/** The demo items walked to `accepted`, per project (the others stay `todo` for a new user to try). */
export const acceptedItems: Readonly<Record<'instruction' | 'preference' | 'alignment', readonly string[]>> = {
  instruction: ['instr-shapes', 'instr-beeps', 'instr-park', 'instr-bus'],
  preference: ['pref-haiku', 'pref-bus-picture', 'pref-shapes-count', 'pref-recursion', 'pref-commit-message'],
  alignment: ['align-bus', 'align-shapes', 'align-park', 'ls-101'],
};
