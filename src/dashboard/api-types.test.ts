/**
 * The dashboard declares the API shapes it reads (web/lib/types.ts) rather than importing the
 * server's modules into the browser bundle. These checks keep the two from drifting: every
 * response the server's schemas allow must be a value the dashboard's types accept (checked by
 * the type check, `npm run check`, which compiles this file), and the value lists both sides
 * enumerate must be the same lists (checked when the test runs).
 */
import type { Static } from 'typebox';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  DM_STATUSES,
  AutoHideSettings,
  DmOutboxItem,
  HIDDEN_REPLY_STATUSES,
  HiddenRepliesResponse,
  DmRuleResponse,
  INTENTS,
  InboxResponse,
  SENTIMENTS,
} from '../comments/schemas.js';
import { SEVERITIES } from '../metrics/anomaly-rules.js';
import { KPI_NAMES } from '../metrics/kpis/types.js';
import {
  AnomalyResponse,
  OverviewResponse,
  PatternPerformanceResponse,
  PostDetailResponse,
  PostsResponse,
} from '../metrics/schemas.js';
import { PatternResultSchema, PatternTypesResponseSchema } from '../patterns/schemas.js';
import { ARC_TYPES } from '../nlp/emotion-trajectory.js';
import { PersonaTrajectoriesSchema } from '../patterns/trajectory-schemas.js';
import { WhatWorksResponse } from '../engagement/schemas.js';
import { FEATURE_GROUPS } from '../engagement/features.js';
import { AccountsResponse } from '../accounts/schemas.js';
import { TOKEN_STATUSES } from '../accounts/tables.js';
import {
  CreatePersonaBody,
  PersonaResponse,
  TemplateDetail,
  TemplateResponse,
  UpdatePersonaBody,
} from '../content/schemas.js';
import * as web from './web/lib/types.js';
import type * as content from './web/lib/content-api.js';

describe('dashboard API types', () => {
  it('accept every response the server schemas allow', () => {
    expectTypeOf<Static<typeof OverviewResponse>>().toExtend<web.Overview>();
    expectTypeOf<Static<typeof PatternTypesResponseSchema>>().toExtend<web.PatternCatalog>();
    expectTypeOf<Static<typeof AccountsResponse>>().toExtend<web.Account[]>();
    expectTypeOf<Static<typeof AutoHideSettings>>().toExtend<web.AutoHideSettings>();
    expectTypeOf<Static<typeof HiddenRepliesResponse>>().toExtend<{ items: web.HiddenReply[] }>();
    expectTypeOf<Static<typeof PostsResponse>>().toExtend<web.PostsResponse>();
    expectTypeOf<Static<typeof PostDetailResponse>>().toExtend<web.PostDetail>();
    expectTypeOf<Static<typeof AnomalyResponse>>().toExtend<web.Anomaly>();
    expectTypeOf<Static<typeof PatternPerformanceResponse>>().toExtend<web.PatternPerformance>();
    expectTypeOf<Static<typeof PatternResultSchema>>().toExtend<web.PatternResult>();
    expectTypeOf<Static<typeof WhatWorksResponse>>().toExtend<web.WhatWorks>();
    expectTypeOf<InboxResponse>().toExtend<web.InboxResponse>();
    expectTypeOf<DmRuleResponse>().toExtend<web.DmRule>();
    expectTypeOf<DmOutboxItem>().toExtend<web.DmOutboxItem>();
    expectTypeOf<Static<typeof PersonaTrajectoriesSchema>>().toExtend<web.PersonaTrajectories>();
    expectTypeOf<Static<typeof PersonaResponse>>().toExtend<content.Persona>();
    expectTypeOf<Static<typeof TemplateResponse>>().toExtend<content.Template>();
    expectTypeOf<Static<typeof TemplateDetail>>().toExtend<content.TemplateDetail>();
  });

  it('send bodies the server schemas accept', () => {
    expectTypeOf<content.PersonaFields & { id: string }>().toExtend<CreatePersonaBody>();
    expectTypeOf<content.PersonaFields>().toExtend<UpdatePersonaBody>();
  });

  it('enumerate the same KPIs, intents, sentiments, DM statuses, feature groups, arc types and severities as the server', () => {
    expect(web.KPI_NAMES).toEqual(KPI_NAMES);
    expect(web.INTENTS).toEqual(INTENTS);
    expect(web.HIDDEN_REPLY_STATUSES).toEqual(HIDDEN_REPLY_STATUSES);
    expect(web.SENTIMENTS).toEqual(SENTIMENTS);
    expect(web.DM_STATUSES).toEqual(DM_STATUSES);
    expect(web.ARC_TYPES).toEqual(ARC_TYPES);
    expect(web.FEATURE_GROUPS).toEqual(FEATURE_GROUPS);
    expect(web.TOKEN_STATUSES).toEqual(TOKEN_STATUSES);
    expectTypeOf<web.Severity>().toEqualTypeOf<(typeof SEVERITIES)[number]>();
  });
});
