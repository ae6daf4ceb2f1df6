import { exportFormatsFor, type ExportFormat } from '@concord/protocol';

/** How a format is named in the picker and which trainer reads it, one line each (its media default is `exportMediaDefault` of @concord/protocol). */
export const formatInfo: Readonly<Record<ExportFormat, { label: string; reader: string }>> = {
  llava: { label: 'LLaVA', reader: 'LLaVA / LLaVA-NeXT fine-tuning: one JSON array of id, image, conversations (human/gpt).' },
  'trl-sft': { label: 'TRL SFT (messages)', reader: 'Hugging Face TRL SFTTrainer: JSONL of messages with image parts and images.' },
  'openai-chat': { label: 'OpenAI chat fine-tuning', reader: 'OpenAI fine-tuning API: JSONL of messages with image_url parts (images by URL).' },
  'trl-dpo': { label: 'TRL DPO / reward', reader: 'TRL DPOTrainer and RewardTrainer: prompt, chosen, rejected (rankings as pairs).' },
  'trl-kto': { label: 'TRL KTO', reader: 'TRL KTOTrainer: unpaired prompt, completion, label rows.' },
  'hh-rlhf': { label: 'Anthropic HH-RLHF', reader: 'Reward-model code that reads HH-RLHF: chosen / rejected Human–Assistant transcripts.' },
  'openai-preference': { label: 'OpenAI preference', reader: 'OpenAI preference (DPO) fine-tuning: input, preferred_output, non_preferred_output (images by URL).' },
  coco: { label: 'COCO', reader: 'COCO readers (pycocotools, torchvision, detectron2, MMDetection): images, annotations, categories.' },
  refcoco: { label: 'RefCOCO', reader: 'The refer toolkit and referring-expression grounding models: refs plus COCO instances.' },
  vqa: { label: 'VQA', reader: 'Visual question answering trainers: image, question, answers JSONL.' },
  'grounded-qwen': { label: 'Grounded text · Qwen-VL', reader: 'Qwen-VL fine-tuning: captions with <ref>…</ref><box>(x1,y1),(x2,y2)</box> in [0,1000).' },
  'grounded-florence2': { label: 'Grounded text · Florence-2', reader: 'Florence-2 fine-tuning: captions with <loc_…> location tokens.' },
  'grounded-kosmos2': { label: 'Grounded text · Kosmos-2', reader: 'Kosmos-2 fine-tuning: <phrase>/<object> with patch-index tokens on a 32×32 grid.' },
  'grounded-shikra': { label: 'Grounded text · Shikra', reader: 'Shikra fine-tuning: captions with normalised [x1,y1,x2,y2] boxes.' },
  'hf-imagefolder': { label: 'Hugging Face ImageFolder', reader: "🤗 datasets load_dataset('imagefolder'): split folders of images with metadata.jsonl." },
  'label-studio': { label: 'Label Studio', reader: 'Label Studio task import: data, annotations (rectangles in percent) and predictions.' },
};

/**
 * The formats a project can export, with their picker text, in the protocol's order.
 * @example formatChoices('preference')[0] // { id: 'trl-dpo', label: 'TRL DPO / reward', reader: 'TRL DPOTrainer …' }
 */
export function formatChoices(taskType: string): { id: ExportFormat; label: string; reader: string }[] {
  return exportFormatsFor(taskType).map((id) => ({ id, ...formatInfo[id] }));
}

/** A byte count as people read it: `512 B`, `1.5 KiB`, `3.2 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Percent of a job's items done, 0–100 (100 once done; 0 before the count is known). */
export function percentDone(job: { status: string; itemsTotal: number; itemsDone: number }): number {
  if (job.status === 'done') return 100;
  if (job.itemsTotal <= 0) return 0;
  return Math.min(100, Math.floor((job.itemsDone / job.itemsTotal) * 100));
}
