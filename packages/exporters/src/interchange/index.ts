// Interchange formats (SPEC.md "Interchange", L1…): exports that other annotation tools import.
export { labelStudioConfig, labelStudioFormatter, labelStudioModelVersion, labelStudioNames, labelStudioResults, labelStudioTask, labelValue } from './label-studio.ts';
