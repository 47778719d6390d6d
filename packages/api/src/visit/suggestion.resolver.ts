import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { checkAction } from '../core/resource/actions';
import type { Context } from '../core/context';
import { resourceOf } from '../core/resource/registry';
import { updateRecord, viewerOf } from '../core/crud/mutations';
import { checkId } from '../core/crud/where';
import { ParentSuggestion } from './parent-suggestion.entity';
import { SuggestionStatus } from './visit.enums';

const suggestions = () => resourceOf(ParentSuggestion);

@Resolver(() => ParentSuggestion)
export class SuggestionResolver {
  @Mutation(() => ParentSuggestion, { description: '答复已上报的家长意见，记录处理人；随之标为已解决' })
  async resolveParentSuggestion(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Arg('response', () => String, { description: '答复内容' }) response: string,
    @Arg('handlerId', () => ID, { nullable: true, description: '处理人（不填则为答复者本人）' }) handlerId: string | null,
    @Ctx() ctx: Context,
  ) {
    const viewer = viewerOf(ctx); // unauthenticated before a malformed id
    const current = await ctx.scoped.byId<ParentSuggestion>(suggestions(), checkId(id, 'id'));
    if (current) checkAction(suggestions(), 'resolveParentSuggestion', current as never);
    // 处理人: whoever answers it, unless they name a colleague who handled it.
    const handler = handlerId ?? viewer.staffId;
    return updateRecord(ctx, suggestions(), id, version, { response, ...(handler ? { handlerId: handler } : {}) });
  }

  @Query(() => [ParentSuggestion], { description: '已上报学校、尚未答复的家长意见（最早的在前）' })
  escalatedSuggestions(@Ctx() ctx: Context) {
    return ctx.scoped.find<ParentSuggestion>(suggestions(), { status: SuggestionStatus.ESCALATED }, { orderBy: { createdAt: 'asc' } });
  }
}
