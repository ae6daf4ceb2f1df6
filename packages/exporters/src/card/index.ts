// The dataset card (SPEC.md "Dataset card", K1…): README.md with Hugging Face front matter and a datasheet.
export { datasetCard } from './dataset-card.ts';
export { configs, dataFilePattern, frontMatter, sizeCategory, taskCategories } from './front-matter.ts';
export { cell, inlineText, num, table } from './markdown.ts';
export { toYaml, yamlString, type YamlValue } from './yaml.ts';
export type {
  AnnotationsCreator,
  CalibrationSummary,
  DatasetCardInput,
  LanguageCreator,
  ManifestFile,
  NamedCount,
  ProvenanceMix,
  QualityEntry,
  Rate,
  SplitCount,
  WorkflowSummary,
} from './types.ts';
