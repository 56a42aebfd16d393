import{a as r,b as e}from"./chunk-IRAAQ4NK.js";import"./chunk-4ZSZ232K.js";import"./chunk-GINGPXMU.js";export{r as GitGraphModule,e as createGitGraphServices};
