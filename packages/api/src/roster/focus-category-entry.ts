import { Field, InputType, ObjectType } from 'type-graphql';
import { LocalDate } from '../core/resource/scalars';
import { FocusCategory } from './roster.enums';

/**
 * One focus category of a student, with since when and who said so (e.g. 民政局名单).
 * One class serves as the output type and, under another name, as the input type.
 */
@ObjectType('FocusCategoryEntry', { description: '重点关注类别记录' })
@InputType('FocusCategoryEntryInput', { description: '重点关注类别记录' })
export class FocusCategoryEntry {
  @Field(() => FocusCategory, { description: '类别' })
  category!: FocusCategory;

  @Field(() => LocalDate, { nullable: true, description: '认定日期' })
  since?: string;

  @Field(() => String, { nullable: true, description: '认定来源' })
  source?: string;
}
