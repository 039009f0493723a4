// Every resolver class the gateway serves. Other modules add theirs here (one line each).
import type { NonEmptyArray } from 'type-graphql';
import { AuditQueryResolver } from './audit-queries';
import { AuditViewResolver, ExampleQueryResolver } from './audit-views';
import { ExecutionResolver } from './executions';
import { ReportResolver, SecurityReportFieldResolver } from './reports';
import { DetectionFieldResolver, DetectionResolver } from './detections';
import { FindingResolver } from './findings';
import { AutomationResolver } from './automation';

export const resolvers: NonEmptyArray<Function> = [
  AuditViewResolver,
  ExampleQueryResolver,
  AuditQueryResolver,
  ExecutionResolver,
  ReportResolver,
  SecurityReportFieldResolver,
  DetectionResolver,
  DetectionFieldResolver,
  FindingResolver,
  AutomationResolver,
];

export type { GatewayContext, GatewayServices } from './context';
