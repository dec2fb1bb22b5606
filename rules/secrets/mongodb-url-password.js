// ruleid: mongodb-url-password
const client = new MongoClient("mongodb+srv://api:aVKJH2y9p822nhuY@cluster0.ab1cd.mongodb.net/prod?retryWrites=true&w=majority");
// ruleid: mongodb-url-password
mongoose.connect('mongodb://admin:IvP2jUd0YX4yDic8A01y@mongo-0.acme.internal:27017,mongo-1.acme.internal:27017/app?replicaSet=rs0');
// ok: mongodb-url-password
const client = new MongoClient("mongodb+srv://<username>:<password>@cluster0.mongodb.net/test");
// ok: mongodb-url-password
const client = new MongoClient(`mongodb://${user}:${pass}@localhost:27017`);
// ok: mongodb-url-password
const client = new MongoClient("mongodb://root:example@localhost:27017");
// ok: mongodb-url-password
const client = new MongoClient(process.env.MONGODB_URI); // os.environ["MONGODB_URI"] in Python
// ok: mongodb-url-password
const client = new MongoClient("mongodb://localhost:27017/app");
// ok: mongodb-url-password
const client = new MongoClient("mongodb://app:........@localhost:27017/app");
