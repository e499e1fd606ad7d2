#include "OpenApi.h"

#include "ApiJson.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

static void initOpenApiResources()
{
    Q_INIT_RESOURCE(storekeeper_openapi);
}

namespace sk::api {

namespace {

const QString kFolder = u":/api"_s;
const QString kBaseFile = u"openapi-base.json"_s;

Error badFragment(const QString &file, const QString &reason)
{
    return Error::make(ErrorCode::Internal,
                       QCoreApplication::translate("OpenApi", "The API description %1 is not valid: %2.")
                           .arg(file, reason));
}

Result<QJsonObject> readObject(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return badFragment(path, file.errorString());
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        return badFragment(path, error.errorString());
    if (!document.isObject())
        return badFragment(path, u"not a JSON object"_s);
    return document.object();
}

// Adds every key of `from` to `into`; an object under a key both have is
// merged one level down (one path's methods from two fragments).
QJsonObject mergeObjects(QJsonObject into, const QJsonObject &from)
{
    for (auto it = from.begin(); it != from.end(); ++it) {
        const QJsonValue existing = into.value(it.key());
        if (existing.isObject() && it.value().isObject()) {
            QJsonObject merged = existing.toObject();
            const QJsonObject addition = it.value().toObject();
            for (auto inner = addition.begin(); inner != addition.end(); ++inner)
                merged.insert(inner.key(), inner.value());
            into.insert(it.key(), merged);
        } else {
            into.insert(it.key(), it.value());
        }
    }
    return into;
}

} // namespace

QStringList OpenApi::fragmentFiles()
{
    initOpenApiResources();
    QStringList files{kFolder + u'/' + kBaseFile};
    const QStringList names = QDir(kFolder).entryList({u"openapi-*.json"_s}, QDir::Files, QDir::Name);
    for (const QString &name : names) {
        if (name != kBaseFile)
            files.append(kFolder + u'/' + name);
    }
    return files;
}

Result<QJsonObject> OpenApi::merge(const QStringList &files)
{
    QJsonObject document;
    for (const QString &file : files) {
        Result<QJsonObject> fragment = readObject(file);
        if (!fragment)
            return fragment.error();
        if (document.isEmpty()) {
            document = fragment.value();
            continue;
        }
        const QJsonValue paths = fragment->value(u"paths"_s);
        if (!paths.isObject())
            return badFragment(file, u"it has no \"paths\" object"_s);
        document.insert(u"paths"_s, mergeObjects(document.value(u"paths"_s).toObject(), paths.toObject()));
        const QJsonValue components = fragment->value(u"components"_s);
        if (components.isUndefined())
            continue;
        if (!components.isObject())
            return badFragment(file, u"its \"components\" is not an object"_s);
        document.insert(u"components"_s,
                        mergeObjects(document.value(u"components"_s).toObject(), components.toObject()));
    }
    return document;
}

const Result<QJsonObject> &OpenApi::document()
{
    static const Result<QJsonObject> merged = merge(fragmentFiles());
    return merged;
}

void registerOpenApiRoute(ApiRouter &router)
{
    router.add(Method::Get, u"/api/openapi.json"_s, Access::Public, [](const ApiCall &) {
        const Result<QJsonObject> &document = OpenApi::document();
        if (!document) {
            qWarning("API: %s", qPrintable(document.error().message));
            return replyNow(ApiReply::fromError(document.error()));
        }
        return replyNow(ApiReply::ok(document.value()));
    });
}

} // namespace sk::api
