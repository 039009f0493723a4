// Every resolver class the gateway serves. Other modules add theirs here (one line each).
import type { NonEmptyArray } from 'type-graphql';
import { AuditQueryResolver } from './audit-queries';
import { AuditViewResolver } from './audit-views';
import { ExecutionResolver } from './executions';
import { ReportResolver, SecurityReportFieldResolver } from './reports';
import { DetectionFieldResolver, DetectionResolver } from './detections';
import { FindingResolver } from './findings';
import { FindingInboxResolver } from './findings-inbox';
import { InvestigationResolver } from './investigation';
import { AutomationResolver } from './automation';
import { ViewerResolver } from './viewer';
import { ExampleQueryResolver } from './example-queries';

export const resolvers: NonEmptyArray<Function> = [
  AuditViewResolver,
  AuditQueryResolver,
  ExecutionResolver,
  ReportResolver,
  SecurityReportFieldResolver,
  DetectionResolver,
  DetectionFieldResolver,
  FindingResolver,
  FindingInboxResolver,
  InvestigationResolver,
  AutomationResolver,
  ViewerResolver,
  ExampleQueryResolver,
];

export type { GatewayContext, GatewayServices } from './context';
