import { type SheetContent, type SheetEvent } from './sheet.types';

// Schema version 1 stored a target value as the entered text alone. Version 2 stores
// `{ text, parsed }`, so a parser change never alters what a replay of old events shows.
// Only the events that carry indicators changed; every other type is still at version 1.

export interface SheetIndicatorV1 {
  readonly indicatorId: string;
  readonly level1: string;
  readonly level2: string;
  readonly name: string;
  readonly periodTarget: string;
  readonly annualTarget: string;
}

export type SheetContentV1 = Omit<SheetContent, 'indicators'> & { readonly indicators: readonly SheetIndicatorV1[] };

type DataOf<T extends SheetEvent['type']> = Extract<SheetEvent, { type: T }>['data'];
type IndicatorValuesV1 = Partial<Omit<SheetIndicatorV1, 'indicatorId'>>;

export type DraftCreatedV1 = Omit<DataOf<'DraftCreated'>, 'indicators'> & { readonly indicators: readonly SheetIndicatorV1[] };
export type DraftIndicatorAddedV1 = Omit<DataOf<'DraftIndicatorAdded'>, 'indicator'> & { readonly indicator: SheetIndicatorV1 };
export type DraftIndicatorChangedV1 = Omit<DataOf<'DraftIndicatorChanged'>, 'before' | 'after'> & {
  readonly before: IndicatorValuesV1;
  readonly after: IndicatorValuesV1;
};
export type DraftIndicatorRemovedV1 = Omit<DataOf<'DraftIndicatorRemoved'>, 'indicator'> & { readonly indicator: SheetIndicatorV1 };
export type SheetSubmittedV1 = Omit<DataOf<'SheetSubmitted'>, 'content'> & { readonly content: SheetContentV1 };
