#pragma once

#include "connection/connectionmanager.h"
#include "smart/signin.h"

#include <QNetworkAccessManager>
#include <QSettings>
#include <QString>

namespace kete::test {

// One run of the app's connection layer over a settings file that several runs share (a start,
// then the next start), signing in through pages that approve at once.
struct AppRun
{
    AppRun(const QString &settingsFile, QNetworkAccessManager *network,
           const QString &keychainService)
        : settings(settingsFile, QSettings::IniFormat)
        , pages(network)
        , manager(&settings, keychainService, &pages)
    {
        pages.attach(manager.signIn());
    }
    QSettings settings;
    smart::AutoApprovePages pages;
    connection::ConnectionManager manager;
};

} // namespace kete::test
