/**
 * Secure defaults for every function of the stack, set once: Node.js 22 on arm64, bundled locally by esbuild (./bundling.ts)
 * (no Docker), ESM with a require shim, its own log group with retention, its own role that may write only to
 * that log group (grants for data are added by the stack, per function), and the seed data copied in.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE, EXTERNAL_MODULES, NODE_OPTIONS } from './bundling';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface IntakeFunctionProps {
  /** file under functions/, e.g. 'ingest.ts' */
  entry: string;
  description: string;
  memorySize: number;
  timeout: Duration;
  environment: Record<string, string>;
  reservedConcurrentExecutions?: number;
  /** packages left out of the bundle and copied, pruned, into its node_modules (the OCR function's tesseract.js) */
  shippedModules?: { external: string[]; copy: (inputDir: string, outputDir: string) => string[] };
  /** files of the project copied beside the bundle (the console's htmx.min.js): `from` under the project root. */
  assets?: Array<{ from: string; to: string }>;
}

export class IntakeFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: IntakeFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${id}: logs to its own group; data grants added per function`,
    });
    this.role.addToPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [this.logGroup.logGroupArn, `${this.logGroup.logGroupArn}:log-stream:*`],
    }));
    this.fn = new NodejsFunction(this, 'Fn', {
      entry: join(ROOT, 'functions', props.entry),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      description: props.description,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: {
        NODE_OPTIONS,
        INTAKE_SEEDS_DIR: '/var/task/seeds',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_METRICS_NAMESPACE: 'DeAn06Intake',
        ...props.environment,
      },
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLE.target,
        minify: BUNDLE.minify,
        sourceMap: BUNDLE.sourceMap,
        sourcesContent: BUNDLE.sourcesContent,
        mainFields: BUNDLE.mainFields,
        banner: BUNDLE.banner,
        externalModules: [...EXTERNAL_MODULES, ...(props.shippedModules?.external ?? [])],
        forceDockerBundling: false,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          // the reference data the domain library loads at run time (agencies, registry, abbreviations)
          afterBundling: (inputDir: string, outputDir: string) => [
            `mkdir -p "${outputDir}/seeds"`,
            `cp -r "${inputDir}/seeds/domain" "${inputDir}/seeds/agencies" "${inputDir}/seeds/registry" "${outputDir}/seeds/" 2>/dev/null || true`,
            ...(props.shippedModules?.copy(inputDir, outputDir) ?? []),
            ...(props.assets ?? []).map((a) => `cp "${inputDir}/${a.from}" "${outputDir}/${a.to}"`),
          ],
        },
      },
    });
  }
}
