#pragma once

#include "brands/brandsindex.h"

#include <QObject>
#include <QPointer>
#include <memory>

class QNetworkAccessManager;
class QProgressDialog;
class QWidget;

namespace kete {
struct Error;
}
namespace kete::brands {
class RemoteDirectory;
struct LoadedDirectory;
} // namespace kete::brands

namespace kete::ui {

// File → Import provider directory from an address… and Refresh provider directory: asks for
// an https address, downloads the brands Bundle with a progress dialog (Cancel stops it), reads
// it on a worker thread and says what it brought or why it was not taken, the directory before
// it kept. refreshQuietly() does the same at start without a word unless something changed.
class DirectoryFromAddress final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DirectoryFromAddress)

public:
    DirectoryFromAddress(QNetworkAccessManager *network, QWidget *window);
    ~DirectoryFromAddress() override;

    void importInteractively();
    void refreshInteractively();
    void refreshQuietly();
    bool isBusy() const;
    // Whether an address was imported from, to refresh.
    static bool hasSavedAddress();

Q_SIGNALS:
    void directoryChanged(std::shared_ptr<const kete::brands::BrandsIndex> index);
    void busyChanged();

private:
    void start(bool interactive, const QString &host);
    void onLoaded(const brands::LoadedDirectory &directory, bool changed);
    void onFailed(const Error &error);
    void closeProgress();

    QPointer<QWidget> m_window;
    brands::RemoteDirectory *m_remote;
    QPointer<QProgressDialog> m_progress;
    bool m_interactive = false;
    QString m_host;
};

} // namespace kete::ui
