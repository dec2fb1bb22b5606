// ruleid: linear-api-key
const linear = new LinearClient({ apiKey: "lin_api_VIplKG522gwltaeZjXhqwAV172AY4VtthCmE4Pfj" });
// ruleid: linear-api-key
const LINEAR_KEY = 'lin_api_kjI5bYSzRItEIVzHRh7Mb3r0SyF6LsDRWKM0bTul';
// ok: linear-api-key
const linear = new LinearClient({ apiKey: "lin_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" });
// ok: linear-api-key
const linear = new LinearClient({ apiKey: process.env.LINEAR_API_KEY }); // os.environ["LINEAR_API_KEY"]
// ok: linear-api-key
const linear = new LinearClient({ apiKey: "lin_api_<key>" });
// too short
// ok: linear-api-key
const linear = new LinearClient({ apiKey: "lin_api_VLjKQnqDtK1gitk8NX9fAq8KSkDyaq" });
