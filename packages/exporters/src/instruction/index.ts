// Instruction-tuning formatters (SPEC.md "Instruction and preference formats", I1…).
export { readConversation, type ChatTurn, type Conversation, type ConversationResult } from './conversation.ts';
export { llavaFormatter } from './llava.ts';
export { openAiChatFormatter } from './openai-chat.ts';
export { openAiImagePart, openAiImageProblem, openAiImageTypes, openAiMaxImages } from './openai-images.ts';
export { trlSftFormatter } from './trl-sft.ts';
