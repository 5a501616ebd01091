// SDS Profiles on Azure App Service: one Linux web app running Node 20 serves both the tab (the
// Vite build in dist/tab) and its API (the esbuild bundle in dist/server). `teamsapp provision` deploys this
// template (arm/deploy); `teamsapp deploy` uploads the code (azureAppService/zipDeploy).
// The outputs are written to env/.env.<env> under the same names.
//
// With more than one instance, the instances share their save locks, rate-limit counts and token
// cache through Redis (README, "Scaling out"; docs/decisions/015-shared-state-on-redis.md): the
// template then adds a Redis reachable only over TLS and gives the app its address in REDIS_URL.
//
// Change history (README, "Change history"; docs/decisions/024-change-history-database.md): with
// one instance it is an embedded PGlite under /home/data (App Service's persistent storage, kept
// across deployments); with more than one, or on request, an Azure Database for PostgreSQL flexible
// server reached over TLS, given to the app in DATABASE_URL.

@description('Web app and plan name. It becomes <name>.azurewebsites.net, so it must be globally unique.')
@minLength(2)
@maxLength(60)
param webAppName string = 'sds-profiles-${uniqueString(resourceGroup().id)}'

@description('App Service plan SKU. B1 or above keeps the app warm (Always On); F1 is enough to try it.')
param webAppSku string = 'B1'

param location string = resourceGroup().location

@description('How many instances App Service runs behind its load balancer. More than one needs shared state in Redis, which this template then creates. B1 allows up to 3, S1 up to 10.')
@minValue(1)
@maxValue(30)
param instanceCount int = 1

@description('Create Redis for shared state. On by default as soon as there is more than one instance.')
param deployRedis bool = instanceCount > 1

@description('Which Azure Redis service: "managed" (Azure Managed Redis, the successor) or "cache" (Azure Cache for Redis, which Microsoft retires on 30 September 2028 and may no longer let new customers create).')
@allowed([
  'managed'
  'cache'
])
param redisService string = 'managed'

@description('SKU of Azure Managed Redis (redisService = managed). Balanced_B0 is the smallest; the app keeps a few kB per signed-in user.')
param managedRedisSku string = 'Balanced_B0'

@description('SKU of Azure Cache for Redis (redisService = cache): Standard (replicated) C0 is the smallest with an SLA.')
param cacheRedisSku object = {
  name: 'Standard'
  family: 'C'
  capacity: 0
}

@description('Create Azure Database for PostgreSQL (flexible server) for the change history. On by default as soon as there is more than one instance; with one, the history is kept in PGlite files under /home/data.')
param deployPostgres bool = instanceCount > 1

@description('Compute of the PostgreSQL flexible server: Burstable B1ms is the smallest; history writes are one small row per save.')
param postgresSku object = {
  name: 'Standard_B1ms'
  tier: 'Burstable'
}

@description('Administrator password of the PostgreSQL server. Left to its default, a new random one is set (and given to the app) at every provision.')
@secure()
param postgresAdminPassword string = newGuid()

@description('Client id of the Entra app registration (aadApp/create).')
param aadAppClientId string

@description('Client secret of the Entra app registration, used for the on-behalf-of exchange.')
@secure()
param aadAppClientSecret string

@description('The tenant the app is registered in (single-tenant registration).')
param aadAppTenantId string

param aadAppOauthAuthorityHost string = 'https://login.microsoftonline.com'

@description('Comma-separated tenant ids whose users may use the app. The registration is single-tenant, so its own tenant.')
param allowedTenantIds string = aadAppTenantId

param graphBaseUrl string = 'https://graph.microsoft.com'

@description('The Teams app id (teamsApp/create writes it to TEAMS_APP_ID): activity-feed alerts deep-link into the tab through it. Empty: alerts are recorded but not sent.')
param teamsAppId string = ''

@description('Collect traces, metrics and logs in Application Insights (workspace-based, created here; README, "Operate"). Off: the server loads no telemetry code.')
param deployTelemetry bool = true

@description('Days Log Analytics keeps the telemetry (30 is included in its price).')
param telemetryRetentionDays int = 30

// Free and shared plans cannot keep an app always on.
var alwaysOn = !contains([ 'F1', 'D1', 'FREE', 'SHARED' ], toUpper(webAppSku))

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: webAppName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
    capacity: instanceCount
  }
  properties: {
    reserved: true // Linux
  }
}

// Redis names allow 60 characters (Azure Managed Redis) or 63 (Azure Cache for Redis).
var redisName = '${take(webAppName, 54)}-state'

// Azure Managed Redis: TLS only, on port 10000. Every key the app writes has a TTL, and none may
// be evicted early (an evicted lock would let two saves run at once), so eviction is off.
resource managedRedis 'Microsoft.Cache/redisEnterprise@2025-07-01' = if (deployRedis && redisService == 'managed') {
  name: redisName
  location: location
  sku: {
    name: managedRedisSku
  }
  properties: {
    minimumTlsVersion: '1.2'
    highAvailability: 'Enabled'
  }
}

resource managedRedisDatabase 'Microsoft.Cache/redisEnterprise/databases@2025-07-01' = if (deployRedis && redisService == 'managed') {
  parent: managedRedis
  name: 'default'
  properties: {
    clientProtocol: 'Encrypted'
    port: 10000
    // One endpoint that any Redis client can use (no cluster-aware client needed).
    clusteringPolicy: 'EnterpriseCluster'
    evictionPolicy: 'NoEviction'
    // The app signs in with the database's access key, given to it in REDIS_URL.
    accessKeysAuthentication: 'Enabled'
  }
}

// Azure Cache for Redis: the TLS port 6380 only.
resource cacheRedis 'Microsoft.Cache/redis@2024-11-01' = if (deployRedis && redisService == 'cache') {
  name: redisName
  location: location
  properties: {
    sku: cacheRedisSku
    enableNonSslPort: false
    minimumTlsVersion: '1.2'
    redisConfiguration: {
      'maxmemory-policy': 'noeviction'
    }
  }
}

// rediss:// is Redis over TLS; the access key is percent-encoded (it may hold '/', '+' and '=').
var redisUrl = !deployRedis
  ? ''
  : redisService == 'managed'
      ? 'rediss://:${uriComponent(managedRedisDatabase.listKeys().primaryKey)}@${managedRedis.properties.hostName}:10000'
      : 'rediss://:${uriComponent(cacheRedis.listKeys().primaryKey)}@${cacheRedis.properties.hostName}:${cacheRedis.properties.sslPort}'

var postgresAdminLogin = 'sdsprofiles'
var postgresDatabaseName = 'sds_profiles'

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = if (deployPostgres) {
  name: '${webAppName}-history'
  location: location
  sku: postgresSku
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: {
      storageSizeGB: 32
      autoGrow: 'Enabled'
    }
    // Point-in-time restore of the history for a week (README, "Change history": backup).
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    authConfig: {
      passwordAuth: 'Enabled'
      activeDirectoryAuth: 'Disabled'
    }
  }
}

resource postgresDatabase 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = if (deployPostgres) {
  parent: postgres
  name: postgresDatabaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// 0.0.0.0 is Azure's "allow Azure services" rule: App Service's outbound addresses are Azure's.
resource postgresFromAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (deployPostgres) {
  parent: postgres
  name: 'AllowAzureServices'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

// TLS with certificate checks (sslmode=require verifies the server's certificate in node-postgres).
var databaseUrl = deployPostgres
  ? 'postgres://${postgresAdminLogin}:${uriComponent(postgresAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${postgresDatabaseName}?sslmode=require'
  : ''

// Application Insights keeps its data in a Log Analytics workspace. The server sends to it when
// APPLICATIONINSIGHTS_CONNECTION_STRING is set (server/telemetry; decision 025).
resource telemetryWorkspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = if (deployTelemetry) {
  name: '${take(webAppName, 55)}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: telemetryRetentionDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = if (deployTelemetry) {
  name: '${webAppName}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: telemetryWorkspace.id
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Any instance may answer any request: state that must be shared lives in Redis.
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      // The built server (decision 003): plain Node, stack traces mapped back to server/*.ts.
      appCommandLine: 'node --enable-source-maps dist/server/index.js'
      alwaysOn: alwaysOn
      healthCheckPath: '/api/health'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
  }
}

// A separate resource because the settings need the app's own host name.
resource appSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: webApp
  name: 'appsettings'
  properties: {
    // The deploy step uploads the built server and tab with package.json and the lock file; App
    // Service then installs the production dependencies on Linux itself (none today: the built
    // server bundles its pure-JavaScript packages, decision 029), so a native package added later
    // matches the server's platform whatever machine ran the deploy. No build runs there (decision 021).
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'true'
    CUSTOM_BUILD_COMMAND: 'npm ci --omit=dev --no-audit --no-fund'
    NODE_ENV: 'production'
    // The server's configuration (server/config.ts). PORT is set by App Service; TLS ends at its
    // front end, so no certificate files are given and the server listens on plain HTTP.
    AAD_APP_CLIENT_ID: aadAppClientId
    SECRET_AAD_APP_CLIENT_SECRET: aadAppClientSecret
    AAD_APP_TENANT_ID: aadAppTenantId
    AAD_APP_OAUTH_AUTHORITY_HOST: aadAppOauthAuthorityHost
    TAB_ENDPOINT: 'https://${webApp.properties.defaultHostName}'
    TAB_DOMAIN: webApp.properties.defaultHostName
    GRAPH_BASE_URL: graphBaseUrl
    ALLOWED_TENANT_IDS: allowedTenantIds
    // The monitor's channel alerts link into this Teams app (empty: recorded, not sent).
    TEAMS_APP_ID: teamsAppId
    // Empty with one instance: the server then keeps its state in memory and says so at start.
    REDIS_URL: redisUrl
    // Empty with one instance: the history is then PGlite files in DATA_DIR, outside the deployed code.
    DATABASE_URL: databaseUrl
    DATA_DIR: '/home/data'
    HISTORY_RETENTION_DAYS: '400'
    // Empty turns telemetry off (deployTelemetry = false).
    APPLICATIONINSIGHTS_CONNECTION_STRING: deployTelemetry ? insights.properties.ConnectionString : ''
  }
}

// azureAppService/zipDeploy signs in to the deployment (SCM) endpoint with the site's publishing
// credentials, so basic authentication must stay allowed there. FTP is not used: keep it off.
resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: webApp
  name: 'scm'
  properties: {
    allow: true
  }
}

resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: webApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

output AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output TAB_DOMAIN string = webApp.properties.defaultHostName
output HISTORY_DATABASE string = deployPostgres ? postgres.properties.fullyQualifiedDomainName : 'PGlite in /home/data'
output TAB_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
