#!/usr/bin/env node
import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from './config';
import { IntakeStack } from './stack';

const app = new App();
const config = readConfig(app.node);
new IntakeStack(app, config.stackName, {
  config,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  description: 'Đề án 06 report intake: uploads and email → extraction → matching → status → meeting digest',
});
// cdk-nag runs on every synth; findings without a written suppression fail it.
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
