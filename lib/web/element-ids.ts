// Ids of the elements that show an action's result, shared by the pages that render them and the actions that
// send focus there afterwards (ActionState.focus).

export const replyElementId = (replyId: number) => `reply-${replyId}`;
export const participantElementId = (participantId: number) => `participant-${participantId}`;
