import 'reflect-metadata';

// As src/cli/main.ts does: the AWS SDK's Node 22 notice is for whoever updates package-lock.json.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
