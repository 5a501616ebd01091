// SDS Profiles on Azure App Service: one Linux web app running Node 20 serves both the tab (the
// Vite build in dist/tab) and its API (server/, run with tsx). `teamsapp provision` deploys this
// template (arm/deploy); `teamsapp deploy` uploads the code (azureAppService/zipDeploy).
// The outputs are written to env/.env.<env> under the same names.

@description('Web app and plan name. It becomes <name>.azurewebsites.net, so it must be globally unique.')
@minLength(2)
@maxLength(60)
param webAppName string = 'sds-profiles-${uniqueString(resourceGroup().id)}'

@description('App Service plan SKU. B1 or above keeps the app warm (Always On); F1 is enough to try it.')
param webAppSku string = 'B1'

param location string = resourceGroup().location

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

// Free and shared plans cannot keep an app always on.
var alwaysOn = !contains([ 'F1', 'D1', 'FREE', 'SHARED' ], toUpper(webAppSku))

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: webAppName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true // Linux
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      // The same command line as locally (decision 003): no compile step for the server.
      appCommandLine: 'node --import tsx server/index.ts'
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
    // The deploy step uploads the sources with the tab already built; App Service then installs the
    // production dependencies on Linux itself, so native packages (esbuild under tsx) match the
    // server's platform whatever machine ran the deploy. No Vite build runs there.
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
output TAB_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
