import{a as e,b as r}from"./chunk-YJL7OZMD.js";import"./chunk-4ZSZ232K.js";import"./chunk-GINGPXMU.js";export{e as TreemapModule,r as createTreemapServices};
